# The server as a container image (README, "Deployment"):
#   docker build -t time-tracking .
#   docker run -p 3000:3000 -e AUTH_JWT_SECRET=… -e DATABASE_URL=postgres://… time-tracking
# compose.yaml runs it with a Postgres service and its migrations.
#
# Three stages: the dependencies (npm ci), the build (`next build` with
# standalone output, and the migrator), and the runtime image, which holds only
# Next's standalone server (server.js and the node_modules files it uses), the
# static assets, the migrations and the migrator, owned by root and run as the
# image's non-root `node` user. Nothing in it needs BuildKit.

# Every stage's base; CI pulls it first to tell "no registry" from a broken build.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# NEXT_OUTPUT=standalone: next.config.js turns on `output: 'standalone'` for this build only.
RUN NEXT_OUTPUT=standalone npx next build
# `npm run db:migrate` without tsx: db/migrate.ts bundled into one plain ES module
# by esbuild (installed with tsx). PGlite stays outside the bundle (it loads its
# WASM files from its package folder), and the standalone output has that package.
RUN npx esbuild db/migrate.ts --bundle --platform=node --target=node20 --format=esm \
      --external:@electric-sql/pglite --outfile=migrator/migrate.mjs --log-level=warning

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
# HOSTNAME: listen on every interface of the container (Docker sets HOSTNAME to
# the container id otherwise). PGLITE_DIR: the embedded database, used when
# DATABASE_URL is unset, in /data (mount a volume there to keep it).
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOSTNAME=0.0.0.0 \
    PORT=3000 \
    PGLITE_DIR=/data/pglite
# /data is the only place the server writes; the `node` user (uid 1000) owns it.
RUN mkdir /data && chown 1000:1000 /data
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
# (The app has no public/ folder; one added later must be copied here too: the
# standalone output leaves it out, as it does .next/static.)
COPY --from=build /app/db/migrations ./db/migrations
COPY --from=build /app/migrator/migrate.mjs ./db/migrate.mjs
USER 1000:1000
EXPOSE 3000
# The database answers (slim images have no curl: node's fetch). The start
# period covers the embedded database's first start, which creates and migrates it.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health/ready', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# As `npm start`: Node's 16 KiB header limit would answer an oversized token with
# a bare 431 instead of the API's 401.
CMD ["node", "--max-http-header-size=65536", "server.js"]
