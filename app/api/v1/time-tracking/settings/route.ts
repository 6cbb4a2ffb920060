import { defineRoute, operation } from '@/lib/http/route';
import { API_BASE_PATH } from '@/lib/time-tracking/constants';
import { settingsSchema, updateSettingsSchema } from '@/lib/time-tracking/schemas';
import { serializeSettings } from '@/lib/time-tracking/serialize';
import { getOrCreateSettings, updateSettings } from '@/lib/time-tracking/settings';

export const { GET, POST, PUT, DELETE, PATCH, OPTIONS } = defineRoute(`${API_BASE_PATH}/settings`, {
  // GET /api/v1/time-tracking/settings – the user's settings, created with defaults on first access
  GET: operation({
    operationId: 'getSettings',
    tags: ['Settings'],
    summary: "The user's settings",
    description: "Created with the server's defaults on first access.",
    response: { status: 200, description: 'The settings.', schema: settingsSchema },
    handle: async ({ db, userId }) => serializeSettings(await getOrCreateSettings(db, userId)),
  }),

  // PUT /api/v1/time-tracking/settings – change any of default_hourly_rate, currency, timezone
  PUT: operation({
    operationId: 'updateSettings',
    tags: ['Settings'],
    summary: 'Change settings',
    description: 'Changing the timezone does not move the `date` of existing entries.',
    body: updateSettingsSchema,
    response: { status: 200, description: 'The full settings after the change.', schema: settingsSchema },
    handle: async ({ db, userId, body }) => serializeSettings(await updateSettings(db, userId, body)),
  }),
});
