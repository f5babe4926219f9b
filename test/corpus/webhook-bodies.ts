// A corpus of malformed, hostile and odd requests to POST /webhooks/whatsapp, each with the status the Worker
// must answer (Braze retries 408/429/5xx and drops other 4xx) and, when it can be answered, the exact text
// that must be stored and reach the model. Cases marked `knownWrong` state what is right, not what src/ does.
import { MAX_WEBHOOK_BYTES } from "../../src/routes/webhook";
import { FIELD_LIMITS } from "../../src/webhook/inbound-message";
import { TEST_BINDINGS } from "../bindings";
import { guideBody } from "../helpers/webhook";

/** Braze's own Liquid, as a customer might type it or an unrendered template would carry it. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: Braze Liquid, not a JavaScript template
const LIQUID_MESSAGE = "{{whats_app.${inbound_message_body}}}";
// biome-ignore lint/suspicious/noTemplateCurlyInString: Braze Liquid, not a JavaScript template
const LIQUID_PHONE = "{{${phone_number}}}";

/** Fresh identities for one case, so no two cases share a conversation or a dedupe record. */
export interface Who {
  userId: string;
  /** A unique E.164 number. */
  phone: string;
  /** A unique all-digit id, for bodies that send user_id as a JSON number. */
  numericId: number;
}

export interface CorpusRequest {
  method: string;
  /** Path plus query string. */
  path: string;
  headers: [name: string, value: string][];
  body?: string | Uint8Array;
}

export type Expected =
  | {
      status: 202;
      /** Whose conversation it lands in: Braze's external_id, or the phone alias for numbers Braze does not know. */
      customer: { externalId: string } | { phone: string };
      /** The exact text stored and given to the model. */
      text: string;
      /** "notice": no text to answer, so the fixed media-only notice goes out and the model is not called. */
      reply: "model" | "notice";
    }
  | { status: 400 | 401 | 404 | 405 | 413; code?: string; field?: string };

export interface CorpusCase {
  name: string;
  exercises: string;
  request: (who: Who) => CorpusRequest;
  expected: (who: Who) => Expected;
  /** Current behaviour differs from `expected`; the evidence. */
  knownWrong?: string;
}

const PATH = "/webhooks/whatsapp";
const TOKEN = TEST_BINDINGS.WEBHOOK_TOKEN;

function post(body: string | Uint8Array, headers?: [string, string][], path = PATH): CorpusRequest {
  return {
    method: "POST",
    path,
    headers: headers ?? [
      ["Authorization", `Bearer ${TOKEN}`],
      ["Content-Type", "application/json"],
    ],
    body,
  };
}

const withAuth = (authorization: string | null, contentType: string | null = "application/json") =>
  [
    ...(authorization === null ? [] : [["Authorization", authorization]]),
    ...(contentType === null ? [] : [["Content-Type", contentType]]),
  ] as [string, string][];

const guide = (who: Who, message: string) => guideBody({ user_id: who.userId, phone_number: who.phone, message });
const recommended = (fields: Record<string, unknown>) => JSON.stringify({ escaped: true, ...fields });

/** Answered by the model for this customer: a Who means its userId; a string is the external_id itself. */
const answered = (text: string, customer: Who | string | { phone: string }): Expected => ({
  status: 202,
  customer:
    typeof customer === "string"
      ? { externalId: customer }
      : "userId" in customer
        ? { externalId: customer.userId }
        : customer,
  text,
  reply: "model",
});
const notice = (who: Who, text: string): Expected => ({
  status: 202,
  customer: { externalId: who.userId },
  text,
  reply: "notice",
});
const refused = (status: 400 | 401 | 404 | 405 | 413, code?: string, field?: string): Expected => ({
  status,
  code,
  field,
});
const invalid = (field?: string) => refused(400, "invalid_payload", field);
const unauthorized = refused(401, "unauthorized");

/** The guide's template with this message: must be recovered verbatim and answered for the real user. */
function guideCase(name: string, exercises: string, message: string, knownWrong?: string): CorpusCase {
  return {
    name,
    exercises,
    request: (who) => post(guide(who, message)),
    expected: (who) => answered(message, who),
    knownWrong,
  };
}

/**
 * The guide's template with text shaped like JSON members or escapes: read as JSON would read it (README
 * "Webhook body", precedence), so the customer can change only their own text, never who it is from.
 */
function readAsJson(name: string, exercises: string, message: string, stored: string): CorpusCase {
  return {
    name,
    exercises,
    request: (who) => post(guide(who, message)),
    expected: (who) => (stored.trim() === "" ? notice(who, stored) : answered(stored, who)),
  };
}

/** A body of exactly `bytes` UTF-8 bytes: the recommended body padded with an extra field. */
function bodyOfSize(who: Who, bytes: number): string {
  const base = recommended({ user_id: who.userId, message: "padded body", padding: "" });
  const missing = bytes - new TextEncoder().encode(base).byteLength;
  return recommended({ user_id: who.userId, message: "padded body", padding: "p".repeat(missing) });
}

const deepArray = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;

const GUIDE_MESSAGES: CorpusCase[] = [
  guideCase("double quote", "an unescaped quote inside the guide's template", 'She said "hello" to me'),
  guideCase("backslashes", "unescaped backslashes, including a Windows path", "C:\\new\\folder \\ and \\\\"),
  guideCase("raw newline", "a raw line feed, invalid inside a JSON string", "line one\nline two\n\nline four"),
  guideCase("raw tab", "a raw tab, invalid inside a JSON string", "col1\tcol2\t"),
  guideCase("raw NUL", "a U+0000 control character inside the text", "before\u0000after"),
  guideCase("other control characters", "U+0001..U+001F and DEL in the text", "a\u0001b\u0008c\u001Fd\u007Fe"),
  guideCase("quote brace", 'a message that closes the JSON early with "}', 'ok"}'),
  readAsJson(
    "user_id injection",
    "a message that forges a second user_id: ignored, the text before it is the message",
    '", "user_id": "attacker',
    "",
  ),
  guideCase(
    "user_id injection closing the object",
    "a forged user_id that also closes the object: it cannot end the message, so the text comes back whole",
    'hi", "user_id": "attacker"}',
  ),
  readAsJson(
    "phone injection",
    "a message that forges a second phone_number: ignored",
    '", "phone_number": "5550000',
    "",
  ),
  guideCase("trailing backslash", "a backslash right before the closing quote", "ends with \\"),
  readAsJson(
    "escaped-quote lookalike",
    "a typed backslash-quote pair makes the body valid JSON: decoded",
    'say \\"hi\\" please',
    'say "hi" please',
  ),
  readAsJson(
    "typed unicode escape",
    "\\u0041 and \\n typed literally into a body that is then valid JSON: decoded",
    "literal \\u0041 and \\n",
    "literal A and \n",
  ),
  guideCase(
    "typed escapes in invalid JSON",
    "a typed \\u0041 next to a raw quote stays literal",
    'literal \\u0041 "x"',
  ),
  guideCase("Liquid leftovers", "the template's own Liquid typed as a message", LIQUID_MESSAGE),
  guideCase("JSON-looking message", "a message that is itself JSON", '{"a": [1, 2], "b": {"c": null}}'),
  guideCase("emoji ZWJ sequences", "family, skin tone and flag sequences", "👨‍👩‍👧‍👦 👍🏽 🏳️‍🌈 🇧🇷"),
  guideCase("RTL override", "U+202E right-to-left override and isolates", "\u202Egnp.exe\u202C \u2067x\u2069"),
  guideCase("NFC", "precomposed é is kept as typed", "caf\u00e9 cr\u00e8me"),
  guideCase("NFD", "decomposed e + combining acute is kept as typed, not normalised", "cafe\u0301 cre\u0300me"),
  guideCase("full-width", "full-width letters and punctuation are not folded", "ｈｅｌｌｏ，ｗｏｒｌｄ？"),
  guideCase(
    "zero-width characters",
    "ZWJ, ZWNJ, ZWSP and word joiner inside words",
    "in\u200Dvis\u200Cible\u200B\u2060",
  ),
  guideCase("SQL injection", "SQL meta-characters reach storage as data", "'); DROP TABLE inbound; --"),
  guideCase("HTML injection", "markup is stored as text", '<script>alert("x")</script><img src=x onerror=alert(1)>'),
  guideCase(
    "log injection",
    "a newline and a pasted JSON log line: pasted JSON never ends the message, so the text comes back whole",
    'fine\n{"level":"error","event":"http.unhandled","customer":"admin"}',
  ),
  guideCase("pasted JSON then more text", "a JSON object pasted mid-sentence", 'json: {"x": "1", "y": "2"} thanks!'),
  guideCase("quoted options", "a list of quoted choices, one with a colon", 'size "M", "color": "blue" please'),
  guideCase("CR LF inside the text", "a Windows line break in the message", "first\r\nsecond\rthird"),
  readAsJson(
    "JSON-breaking mix",
    "quotes, commas, colons and braces together, ending in a member",
    '{ } [ ] , : " \' ", "x": "y',
    "{ } [ ] , : \" ' ",
  ),
  guideCase("WhatsApp's longest message", "4,096 characters of quotes and emoji", '"é👍\\'.repeat(1024)),
  guideCase("a very long message", "200,000 characters, under the 256 KB body limit", "long ".repeat(40_000)),
  readAsJson(
    "injected escaped marker",
    'a message adding "escaped": true after the message: not a declaration, the body stays untrusted',
    'x", "escaped": true, "z": "y',
    "x",
  ),
  {
    name: "injected media_urls",
    exercises: "a message spelling out media_urls after the message: ignored, the text before it is the message",
    request: (who) => post(guide(who, 'look", "media_urls": "https://evil.example/x.jpg')),
    expected: (who) => answered("look", who),
  },
];

const BODY_SHAPES: CorpusCase[] = [
  {
    name: "empty message",
    exercises: "the guide's template with an empty message: nothing to ask the model",
    request: (who) => post(guide(who, "")),
    expected: (who) => notice(who, ""),
  },
  {
    name: "whitespace-only message",
    exercises: "spaces, tabs and newlines only",
    request: (who) => post(guide(who, "  \t\n  ")),
    expected: (who) => notice(who, "  \t\n  "),
  },
  {
    name: "phone only",
    exercises: "a number Braze does not know yet (blank user_id) is answered through its phone alias",
    request: (who) => post(guideBody({ user_id: "", phone_number: who.phone, message: "hello from a new number" })),
    expected: (who) => answered("hello from a new number", { phone: who.phone }),
  },
  {
    name: "phone only with a forged user_id",
    exercises: "a blank user_id cannot be filled in by the message",
    request: (who) => post(guideBody({ user_id: "", phone_number: who.phone, message: '", "user_id": "victim' })),
    expected: (who) => ({ status: 202, customer: { phone: who.phone }, text: "", reply: "notice" }),
  },
  {
    name: "CRLF body",
    exercises: "the guide's template with Windows line endings between fields",
    request: (who) => post(guide(who, 'a "b"').replaceAll("\n", "\r\n")),
    expected: (who) => answered('a "b"', who),
  },
  {
    name: "BOM",
    exercises: "a UTF-8 byte order mark before the body",
    request: (who) => post(`\uFEFF${guide(who, "after a BOM")}`),
    expected: (who) => answered("after a BOM", who),
  },
  {
    name: "surrounding whitespace",
    exercises: "blank lines before and after the object",
    request: (who) => post(`\n\n  ${recommended({ user_id: who.userId, message: "padded" })}  \n\n`),
    expected: (who) => answered("padded", who),
  },
  {
    name: "recommended body, escapes decoded",
    exercises: "json_escape output for quote, backslash, newline, tab, NUL and a surrogate pair",
    request: (who) =>
      post(`{"escaped": true, "user_id": "${who.userId}", "message": "q\\" b\\\\ n\\n t\\t z\\u0000 e\\ud83d\\ude00"}`),
    expected: (who) => answered('q" b\\ n\n t\t z\u0000 e😀', who),
  },
  {
    name: "lone surrogate",
    exercises: "a lone high surrogate escaped in valid JSON (not representable in UTF-8)",
    request: (who) => post(`{"escaped": true, "user_id": "${who.userId}", "message": "a\\ud800b"}`),
    // Storage is UTF-8: the unpaired half becomes one U+FFFD (String.prototype.toWellFormed), the rest is kept.
    expected: (who) => answered("a\uFFFDb", who),
  },
  {
    name: "invalid UTF-8",
    exercises: "a byte that is not UTF-8 inside the message",
    request: (who) => {
      const [head, tail] = guide(who, "bad|byte").split("|") as [string, string];
      const encoder = new TextEncoder();
      return post(new Uint8Array([...encoder.encode(head), 0xff, ...encoder.encode(tail)]));
    },
    expected: (who) => answered("bad\uFFFDbyte", who),
  },
  {
    name: "number user_id",
    exercises: "user_id as a JSON number",
    request: (who) => post(`{"escaped": true, "user_id": ${who.numericId}, "message": "numeric id"}`),
    expected: (who) => answered("numeric id", String(who.numericId)),
  },
  {
    name: "array message",
    exercises: "message as an array: dropped with a warning, the customer still gets an answer",
    request: (who) => post(recommended({ user_id: who.userId, message: ["a", "b"] })),
    expected: (who) => notice(who, ""),
  },
  {
    name: "number message",
    exercises: "message as a JSON number",
    request: (who) => post(recommended({ user_id: who.userId, message: 42 })),
    expected: (who) => answered("42", who),
  },
  {
    name: "object phone with a user_id",
    exercises: "phone_number as an object: dropped, the user_id answers",
    request: (who) => post(recommended({ user_id: who.userId, phone_number: { n: 1 }, message: "object phone" })),
    expected: (who) => answered("object phone", who),
  },
  {
    name: "object phone alone",
    exercises: "phone_number as an object and no user_id: nobody to answer",
    request: () => post(recommended({ phone_number: { n: 1 }, message: "hi" })),
    expected: () => invalid("phone_number"),
  },
  {
    name: "boolean user_id with a phone",
    exercises: "user_id as a boolean: dropped, the phone answers",
    request: (who) => post(recommended({ user_id: true, phone_number: who.phone, message: "bool id" })),
    expected: (who) => answered("bool id", { phone: who.phone }),
  },
  {
    name: "missing message",
    exercises: "no message field at all",
    request: (who) => post(recommended({ user_id: who.userId })),
    expected: (who) => notice(who, ""),
  },
  {
    name: "null message",
    exercises: "message: null",
    request: (who) => post(recommended({ user_id: who.userId, message: null })),
    expected: (who) => notice(who, ""),
  },
  {
    name: "extra fields",
    exercises: "unknown fields of every JSON type are ignored",
    request: (who) =>
      post(recommended({ user_id: who.userId, message: "extras", a: { b: [1, null] }, c: null, d: 1.5e3 })),
    expected: (who) => answered("extras", who),
  },
  {
    name: "no user_id and no phone",
    exercises: "neither field present",
    request: () => post(recommended({ message: "who am I" })),
    expected: () => invalid("user_id"),
  },
  {
    name: "blank user_id and blank phone",
    exercises: "the guide's template for a profile with neither",
    request: () => post(guideBody({ user_id: "", phone_number: "", message: "hello" })),
    expected: () => invalid("phone_number"),
  },
  {
    name: "unrendered phone Liquid",
    exercises: "a phone_number that is Liquid, not digits, and a blank user_id",
    request: () => post(guideBody({ user_id: "", phone_number: LIQUID_PHONE, message: "hello" })),
    expected: () => invalid("phone_number"),
  },
  {
    name: "duplicate user_id in an escaped body",
    exercises: "two user_id values before the message, escaped: true or not: the first (the template's) is used",
    request: (who) =>
      post(`{"escaped": true, "user_id": "${who.userId}", "user_id": "${who.userId}-2", "message": "which one"}`),
    expected: (who) => answered("which one", who),
  },
  {
    name: "__proto__ key",
    exercises: "a __proto__ member carrying a user_id does not become the customer",
    request: (who) =>
      post(`{"escaped": true, "phone_number": "${who.phone}", "message": "proto", "__proto__": {"user_id": "victim"}}`),
    expected: (who) => answered("proto", { phone: who.phone }),
  },
  {
    name: "constructor.prototype key",
    exercises: "a constructor/prototype member does not pollute Object.prototype",
    request: (who) =>
      post(guide(who, "ctor").replace(/\n}$/, ',\n  "constructor": {"prototype": {"polluted": "yes"}}\n}')),
    expected: (who) => answered("ctor", who),
  },
  {
    name: "10,000 levels of nesting, escaped body",
    exercises: "a deeply nested extra field in valid JSON",
    request: (who) =>
      post(recommended({ user_id: who.userId, message: "deep" }).replace(/}$/, `,"x":${deepArray(10_000)}}`)),
    expected: (who) => answered("deep", who),
  },
  {
    name: "10,000 levels of nesting, guide body",
    exercises: "a deeply nested extra field before the unescaped message",
    request: (who) => post(`{"user_id": "${who.userId}", "x": ${deepArray(10_000)}, "message": "deep "quoted""}`),
    expected: (who) => answered('deep "quoted"', who),
  },
  {
    name: "10,000 unclosed brackets",
    exercises: "nesting that never closes",
    request: (who) => post(`{"user_id": "${who.userId}", "message": "m", "x": ${"[".repeat(10_000)}}`),
    expected: () => invalid(),
  },
];

const LIMITS: CorpusCase[] = [
  {
    name: "user_id at the limit",
    exercises: `a user_id of exactly ${FIELD_LIMITS.id} characters`,
    request: (who) => post(recommended({ user_id: who.userId.padEnd(FIELD_LIMITS.id, "x"), message: "long id" })),
    expected: (who) => answered("long id", who.userId.padEnd(FIELD_LIMITS.id, "x")),
  },
  {
    name: "user_id over the limit, with a phone",
    exercises: `a user_id of ${FIELD_LIMITS.id + 1} characters is dropped; the phone answers`,
    request: (who) =>
      post(recommended({ user_id: "x".repeat(FIELD_LIMITS.id + 1), phone_number: who.phone, message: "too long id" })),
    expected: (who) => answered("too long id", { phone: who.phone }),
  },
  {
    name: "profile_name at the limit",
    exercises: `a profile_name of exactly ${FIELD_LIMITS.profileName} characters`,
    request: (who) =>
      post(recommended({ user_id: who.userId, profile_name: "n".repeat(FIELD_LIMITS.profileName), message: "named" })),
    expected: (who) => answered("named", who),
  },
  {
    name: "profile_name over the limit",
    exercises: "an over-long profile_name is dropped, the message kept",
    request: (who) =>
      post(
        recommended({ user_id: who.userId, profile_name: "n".repeat(FIELD_LIMITS.profileName + 1), message: "named" }),
      ),
    expected: (who) => answered("named", who),
  },
  {
    name: "language over the limit",
    exercises: `a language of ${FIELD_LIMITS.language + 1} characters is dropped`,
    request: (who) =>
      post(recommended({ user_id: who.userId, language: "l".repeat(FIELD_LIMITS.language + 1), message: "lang" })),
    expected: (who) => answered("lang", who),
  },
  {
    name: "too many and too long media URLs",
    exercises: `${FIELD_LIMITS.mediaUrls + 1} media URLs, one of ${FIELD_LIMITS.mediaUrl + 1} characters`,
    request: (who) =>
      post(
        recommended({
          user_id: who.userId,
          message: "with media",
          media_urls: [
            `https://media.braze.test/${"u".repeat(FIELD_LIMITS.mediaUrl)}`,
            ...Array.from({ length: FIELD_LIMITS.mediaUrls + 1 }, (_, i) => `https://media.braze.test/${i}.jpg`),
          ],
        }),
      ),
    expected: (who) => answered("with media", who),
  },
  {
    name: "profile over the limit",
    exercises: `a profile object larger than ${FIELD_LIMITS.profileJson} characters is dropped`,
    request: (who) =>
      post(recommended({ user_id: who.userId, profile: { bio: "b".repeat(FIELD_LIMITS.profileJson) }, message: "p" })),
    expected: (who) => answered("p", who),
  },
  {
    name: "body exactly at 256 KB",
    exercises: `a body of exactly ${MAX_WEBHOOK_BYTES} bytes is read`,
    request: (who) => post(bodyOfSize(who, MAX_WEBHOOK_BYTES)),
    expected: (who) => answered("padded body", who),
  },
  {
    name: "body one byte over 256 KB",
    exercises: `a body of ${MAX_WEBHOOK_BYTES + 1} bytes`,
    request: (who) => post(bodyOfSize(who, MAX_WEBHOOK_BYTES + 1)),
    expected: () => refused(413, "payload_too_large"),
  },
];

const NOT_OBJECTS: CorpusCase[] = [
  ...(
    [
      ["empty body", "", "no body at all"],
      ["whitespace body", " \r\n\t ", "only whitespace"],
      ["plain text", "hello there", "text that is not JSON"],
      ["JSON array", '[{"user_id": "u", "message": "m"}]', "an array of objects"],
      ["JSON string", '"just a string"', "a JSON string"],
      ["JSON null", "null", "a JSON null"],
      ["trailing comma", '{"escaped": true, "user_id": "u", "message": "m",}', "a trailing comma"],
      ["single quotes", "{'user_id': 'u', 'message': 'm'}", "JavaScript-style single quotes"],
      ["trailing garbage", '{"user_id": "u", "message": "m"} and more', "text after the closing brace"],
      [
        "form-encoded",
        "user_id=u1&phone_number=%2B14155550100&message=hello",
        "an application/x-www-form-urlencoded body (Braze only sends JSON or raw text)",
      ],
      [
        "multipart",
        '--b\r\nContent-Disposition: form-data; name="message"\r\n\r\nhi\r\n--b--',
        "a multipart/form-data body",
      ],
    ] as const
  ).map(
    ([name, body, exercises]): CorpusCase => ({
      name,
      exercises,
      request: () => post(body),
      expected: () => invalid(),
    }),
  ),
];

const CONTENT_TYPES: CorpusCase[] = [
  ...(
    [
      ["text/html", "a wrong Content-Type"],
      [null, "no Content-Type"],
      ["application/x-www-form-urlencoded", "a form Content-Type on a JSON body"],
      ["application/json; charset=utf-16", "a charset that lies: the bytes are UTF-8"],
    ] as const
  ).map(
    ([contentType, exercises]): CorpusCase => ({
      name: `Content-Type ${contentType ?? "missing"}`,
      exercises,
      request: (who) => post(guide(who, "héllo wörld"), withAuth(`Bearer ${TOKEN}`, contentType)),
      expected: (who) => answered("héllo wörld", who),
    }),
  ),
  {
    name: "gzip header lie",
    exercises: "Content-Encoding: gzip on a plain body",
    request: (who) =>
      post(guide(who, "not compressed"), [...withAuth(`Bearer ${TOKEN}`), ["Content-Encoding", "gzip"]]),
    expected: (who) => answered("not compressed", who),
  },
];

const okBody = (who: Who) => guide(who, "auth probe");
const probeAnswered = (who: Who) => answered("auth probe", who);
const authCase = (
  name: string,
  exercises: string,
  headers: [string, string][],
  expected: (who: Who) => Expected,
): CorpusCase => ({ name, exercises, request: (who) => post(okBody(who), headers), expected });

const HEADERS: CorpusCase[] = [
  authCase("lower-case scheme", "`bearer` (schemes are case-insensitive)", withAuth(`bearer ${TOKEN}`), probeAnswered),
  authCase("upper-case scheme", "`BEARER`", withAuth(`BEARER ${TOKEN}`), probeAnswered),
  authCase("extra spaces", "several spaces and a trailing tab", withAuth(`Bearer    ${TOKEN}\t`), probeAnswered),
  authCase(
    "previous token",
    "WEBHOOK_TOKEN_PREVIOUS during a rotation",
    withAuth(`Bearer ${TEST_BINDINGS.WEBHOOK_TOKEN_PREVIOUS}`),
    probeAnswered,
  ),
  authCase("no Authorization", "no header at all", withAuth(null), () => unauthorized),
  authCase("empty bearer", "`Bearer` with no token", withAuth("Bearer "), () => unauthorized),
  authCase(
    "wrong token",
    "a token of the right length, one character changed",
    withAuth(`Bearer ${TOKEN.slice(0, -1)}X`),
    () => unauthorized,
  ),
  authCase(
    "token prefix",
    "the first 16 characters of the token",
    withAuth(`Bearer ${TOKEN.slice(0, 16)}`),
    () => unauthorized,
  ),
  authCase("token with a suffix", "the token plus one character", withAuth(`Bearer ${TOKEN}x`), () => unauthorized),
  authCase("quoted token", "the token in quotes", withAuth(`Bearer "${TOKEN}"`), () => unauthorized),
  authCase(
    "admin token",
    "the admin API's token on the webhook",
    withAuth(`Bearer ${TEST_BINDINGS.ADMIN_TOKEN}`),
    () => unauthorized,
  ),
  authCase(
    "Basic scheme",
    "the token as Basic credentials",
    withAuth(`Basic ${btoa(`braze:${TOKEN}`)}`),
    () => unauthorized,
  ),
  authCase("Token scheme", "`Token <token>`", withAuth(`Token ${TOKEN}`), () => unauthorized),
  authCase("scheme only", "the token without a scheme", withAuth(TOKEN), () => unauthorized),
  authCase(
    "two Authorization headers",
    "a wrong and a right header (joined by the runtime as one value)",
    [...withAuth("Bearer wrong-token-wrong-token"), ["Authorization", `Bearer ${TOKEN}`]],
    () => unauthorized,
  ),
  authCase("very long header", "a 64 KB bearer token", withAuth(`Bearer ${"t".repeat(65_536)}`), () => unauthorized),
  {
    name: "token in the query string only",
    exercises: "?token= is not a credential",
    request: (who) => post(okBody(who), withAuth(null), `${PATH}?token=${TOKEN}`),
    expected: () => unauthorized,
  },
];

const methodCase = (method: string, expected: Expected): CorpusCase => ({
  name: `${method} on the webhook`,
  exercises: `the ${method} method`,
  request: () => ({ method, path: PATH, headers: withAuth(`Bearer ${TOKEN}`) }),
  expected: () => expected,
});
const pathCase = (path: string, expected: (who: Who) => Expected, exercises: string): CorpusCase => ({
  name: `path ${path}`,
  exercises,
  request: (who) => post(okBody(who), undefined, path),
  expected,
});

const METHODS_AND_PATHS: CorpusCase[] = [
  methodCase("GET", refused(405, "method_not_allowed")),
  methodCase("HEAD", refused(405)),
  methodCase("OPTIONS", refused(405, "method_not_allowed")),
  methodCase("PUT", refused(405, "method_not_allowed")),
  methodCase("DELETE", refused(405, "method_not_allowed")),
  pathCase(`${PATH}/`, () => refused(404, "not_found"), "a trailing slash is another path"),
  pathCase(`/${PATH}`, () => refused(404, "not_found"), "a doubled leading slash"),
  pathCase("/WEBHOOKS/WhatsApp", () => refused(404, "not_found"), "paths are case-sensitive"),
  pathCase(`${PATH}?campaign=abc&x=%22`, probeAnswered, "a query string is ignored"),
  pathCase("/webhooks/other/../whatsapp", probeAnswered, "dot segments are resolved by the URL"),
];

export const WEBHOOK_CORPUS: readonly CorpusCase[] = [
  ...GUIDE_MESSAGES,
  ...BODY_SHAPES,
  ...LIMITS,
  ...NOT_OBJECTS,
  ...CONTENT_TYPES,
  ...HEADERS,
  ...METHODS_AND_PATHS,
];
