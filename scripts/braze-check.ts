// `npm run braze:check [-- --send-to <external_id> | --phone-alias <number>] [--text "..."]`: checks the real Braze
// workspace the Worker will use (docs/braze-check.md). Thin CLI: arguments, configuration, printing, exit code.
// Configuration comes from the environment, falling back to .dev.vars; never from .dev.vars.example.
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { checkWorkspace, formatReport, type SendTo } from "../src/braze/workspace-check.ts";

const USAGE = `Usage: npm run braze:check [-- options]

Checks the Braze workspace the Worker is configured for: REST endpoint, API key, key permissions
(without messaging anyone or creating profiles), the reply campaign(s) and the WhatsApp subscription group.

Options:
  --send-to <external_id>   also send ONE real message through the reply campaign to this test user
  --phone-alias <number>    the same, to the profile with user alias {alias_name: <number>, alias_label: "phone"}
                            (how Braze files numbers it did not know; see docs/braze-check.md)
  --text "<text>"           the test message text (default: a dated test line)
  -h, --help                this help

Reads BRAZE_REST_ENDPOINT, BRAZE_API_KEY, BRAZE_REPLY_CAMPAIGN_ID, BRAZE_AGENT_REPLY_CAMPAIGN_ID,
BRAZE_BUTTONS_1/2/3_CAMPAIGN_ID and BRAZE_WHATSAPP_SUBSCRIPTION_GROUP_ID from the environment, else from
.dev.vars in the repository root.
Exit code: 0 no FAIL, 1 at least one FAIL, 2 bad usage or missing configuration.`;

const VARIABLES = [
  "BRAZE_REST_ENDPOINT",
  "BRAZE_API_KEY",
  "BRAZE_REPLY_CAMPAIGN_ID",
  "BRAZE_AGENT_REPLY_CAMPAIGN_ID",
  "BRAZE_BUTTONS_1_CAMPAIGN_ID",
  "BRAZE_BUTTONS_2_CAMPAIGN_ID",
  "BRAZE_BUTTONS_3_CAMPAIGN_ID",
  "BRAZE_WHATSAPP_SUBSCRIPTION_GROUP_ID",
] as const;
type Variable = (typeof VARIABLES)[number];

function usageError(message: string): never {
  console.error(`braze:check: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function parseArguments(): { sendTo?: SendTo; text?: string } {
  let values: { "send-to"?: string; "phone-alias"?: string; text?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        "send-to": { type: "string" },
        "phone-alias": { type: "string" },
        text: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    usageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const externalId = values["send-to"]?.trim();
  const phoneAlias = values["phone-alias"]?.trim();
  if (externalId !== undefined && phoneAlias !== undefined) usageError("use --send-to or --phone-alias, not both");
  if (externalId === "" || phoneAlias === "") usageError("--send-to and --phone-alias need a value");
  if (values.text !== undefined && externalId === undefined && phoneAlias === undefined) {
    usageError("--text needs --send-to or --phone-alias");
  }
  const sendTo = externalId ? { externalId } : phoneAlias ? { phoneAlias } : undefined;
  return { sendTo, text: values.text };
}

/** KEY=VALUE lines; `#` starts a comment line; surrounding quotes are dropped. Like wrangler's .dev.vars. */
function readDevVars(path: string): Map<string, string> {
  const vars = new Map<string, string>();
  if (!existsSync(path)) return vars;
  for (const raw of readFileSync(path, "utf8").split(/\r?\n/)) {
    const line = raw.trim();
    const eq = line.indexOf("=");
    if (line === "" || line.startsWith("#") || eq < 1) continue;
    const value = line.slice(eq + 1).trim();
    vars.set(line.slice(0, eq).trim(), value.replace(/^(["'])(.*)\1$/, "$2"));
  }
  return vars;
}

function loadConfig(): { config: Partial<Record<Variable, string>>; fromFile: Variable[] } {
  const devVars = readDevVars(new URL("../.dev.vars", import.meta.url).pathname);
  const config: Partial<Record<Variable, string>> = {};
  const fromFile: Variable[] = [];
  for (const name of VARIABLES) {
    const fromEnv = process.env[name]?.trim();
    const fromDevVars = devVars.get(name)?.trim();
    if (fromEnv) config[name] = fromEnv;
    else if (fromDevVars) {
      config[name] = fromDevVars;
      fromFile.push(name);
    }
  }
  return { config, fromFile };
}

async function main(): Promise<void> {
  const { sendTo, text } = parseArguments();
  const { config, fromFile } = loadConfig();
  const endpoint = config.BRAZE_REST_ENDPOINT;
  const apiKey = config.BRAZE_API_KEY;
  if (!endpoint) usageError("BRAZE_REST_ENDPOINT is not set (environment or .dev.vars)");
  if (endpoint === "local")
    usageError('BRAZE_REST_ENDPOINT is "local" (the local sink): there is no workspace to check');
  if (!apiKey) usageError("BRAZE_API_KEY is not set (environment or .dev.vars)");
  if (sendTo && !config.BRAZE_REPLY_CAMPAIGN_ID) usageError("a test send needs BRAZE_REPLY_CAMPAIGN_ID");

  console.log(`Braze workspace check: ${endpoint}`);
  if (fromFile.length > 0) console.log(`(from .dev.vars: ${fromFile.join(", ")})`);
  const results = await checkWorkspace({
    endpoint,
    apiKey,
    replyCampaignId: config.BRAZE_REPLY_CAMPAIGN_ID,
    agentReplyCampaignId: config.BRAZE_AGENT_REPLY_CAMPAIGN_ID,
    buttonCampaignIds: {
      1: config.BRAZE_BUTTONS_1_CAMPAIGN_ID,
      2: config.BRAZE_BUTTONS_2_CAMPAIGN_ID,
      3: config.BRAZE_BUTTONS_3_CAMPAIGN_ID,
    },
    subscriptionGroupId: config.BRAZE_WHATSAPP_SUBSCRIPTION_GROUP_ID,
    sendTo,
    text,
  });
  console.log(formatReport(results));
  process.exitCode = results.some((r) => r.status === "FAIL") ? 1 : 0;
}

await main();
