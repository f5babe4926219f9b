// Worker entry: the HTTP app and the Durable Object classes the runtime instantiates.
import { app } from "./app";

export { LocalBrazeSink } from "./braze/local-sink";
export { Conversation } from "./conversation/conversation";
export { AgentHub } from "./inbox/hub";
export { DeadLetterIndex } from "./ops/dead-letter-index";

export default app satisfies ExportedHandler<Env>;
