import { z } from 'zod';
import { defineRoute, operation } from '@/lib/http/route';
import { API_BASE_PATH, SETTINGS_SAVED_HEADER } from '@/lib/time-tracking/constants';
import { settingsSchema, updateSettingsSchema } from '@/lib/time-tracking/schemas';
import { serializeSettings } from '@/lib/time-tracking/serialize';
import { getOrCreateSettings, updateSettings } from '@/lib/time-tracking/settings';

export const { GET, POST, PUT, DELETE, PATCH, OPTIONS } = defineRoute(`${API_BASE_PATH}/settings`, {
  // GET /api/v1/time-tracking/settings – the user's settings, created with defaults on first access
  GET: operation({
    operationId: 'getSettings',
    tags: ['Settings'],
    summary: "The user's settings",
    description: `Created with the server's defaults on first access. \`${SETTINGS_SAVED_HEADER}: false\` says the user has never saved settings (they are the server's defaults), so a client can propose a timezone.`,
    response: {
      status: 200,
      description: 'The settings.',
      schema: settingsSchema,
      headers: z.object({
        [SETTINGS_SAVED_HEADER]: z.enum(['true', 'false']).meta({
          description:
            '`false` until the user first saves settings with PUT (the values are then the defaults of DEFAULT_HOURLY_RATE, DEFAULT_CURRENCY and DEFAULT_TIMEZONE).',
          examples: ['true'],
        }),
      }),
    },
    async handle({ db, userId }) {
      const row = await getOrCreateSettings(db, userId);
      return Response.json(serializeSettings(row), {
        headers: { [SETTINGS_SAVED_HEADER]: String(row.savedAt !== null) },
      });
    },
  }),

  // PUT /api/v1/time-tracking/settings – change any of default_hourly_rate, currency, timezone
  PUT: operation({
    operationId: 'updateSettings',
    tags: ['Settings'],
    summary: 'Change settings',
    description:
      'Changing the timezone does not move the `date` of existing entries. Saving, even `{}`, marks the settings as saved (`X-Settings-Saved` of GET).',
    body: updateSettingsSchema,
    response: { status: 200, description: 'The full settings after the change.', schema: settingsSchema },
    handle: async ({ db, userId, body }) => serializeSettings(await updateSettings(db, userId, body)),
  }),
});
