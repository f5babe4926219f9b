// The flows the Worker serves, in the order their triggers are tried. Add a flow: write a file like these
// (see docs/flows.md), import it here, run `npm test` (a flow the loader refuses fails every test run).
import { leadForm } from "./lead-form";
import { orderStatus } from "./order-status";

export const FLOW_FILES: readonly unknown[] = [orderStatus, leadForm];
