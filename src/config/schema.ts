// Every variable and secret the Worker reads, as one zod schema assembled from the concerns' parts, with the
// rules that span variables. The order of the parts is the order in which an operator reads the problems.
import { z } from "zod";
import { aiVariables, checkAi } from "./ai";
import { brainVariables } from "./brain";
import { brazeVariables, checkBraze } from "./braze";
import { checkHandoff, handoffVariables } from "./handoff";
import { limitVariables } from "./limits";
import { tokenVariables } from "./tokens";

export const EnvSchema = z
  .object({
    ...brazeVariables.shape,
    ...tokenVariables.shape,
    ...aiVariables.shape,
    ...limitVariables.shape,
    ...brainVariables.shape,
    ...handoffVariables.shape,
  })
  .superRefine((env, ctx) => {
    checkHandoff(env, ctx);
    checkAi(env, ctx);
    checkBraze(env, ctx);
  });

/** The parsed variables, before they are grouped into the Config the code reads. */
export type ParsedEnv = z.output<typeof EnvSchema>;
