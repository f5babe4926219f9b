// The flow files shipped with the Worker (flows/), checked once when the Worker starts: a bad flow throws
// here, naming the flow and the step, so `wrangler deploy` and every test run fail loudly instead of a
// customer meeting a broken flow.
import { FLOW_FILES } from "../../flows";
import { type LoadedFlow, loadFlows } from "./loader";

export const BUNDLED_FLOWS: readonly LoadedFlow[] = loadFlows(FLOW_FILES);
