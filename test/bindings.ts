// The configuration every workerd test runs with (no real Braze, no real model; fast retries).
export const TEST_BINDINGS = {
  BRAZE_REST_ENDPOINT: "https://rest.braze.test",
  BRAZE_API_KEY: "test-braze-api-key-secret",
  BRAZE_REPLY_CAMPAIGN_ID: "campaign-reply-1",
  BRAZE_WHATSAPP_SUBSCRIPTION_GROUP_ID: "whatsapp-group-1",
  WEBHOOK_TOKEN: "test-webhook-token-0123456789",
  WEBHOOK_TOKEN_PREVIOUS: "previous-webhook-token-0123456789",
  ADMIN_TOKEN: "test-admin-token-0123456789",
  LOG_HMAC_KEY: "test-log-hmac-key",
  AI_PROVIDER: "offline",
  REPLY_DEBOUNCE_MS: "0",
  RETRY_BASE_MS: "50",
  RETRY_MAX_MS: "1000",
  BRAZE_TIMEOUT_MS: "1000",
  // Short, so a test that meets an ambiguous failure resends at once; the ambiguous-wait tests set a long one.
  BRAZE_AMBIGUOUS_RETRY_MS: "100",
  SEND_SPACING_MS: "0",
  SUBSCRIPTION_SETTLE_MS: "0",
  // The order-status sample flow's backend; tests fake it (test/helpers/flows.ts).
  ORDER_STATUS_API_URL: "https://orders.test/api",
  // Chat facts off by default, so a test that scripts Braze's answers sees only the calls it is about; the
  // chat-facts tests turn them on per conversation.
  PROFILE_ATTRIBUTES: "",
  PROFILE_EVENTS: "",
};
