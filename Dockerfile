# One image for the app (API + web), the worker and the migration job.
#   docker build -t incident-desk .
#   app:     node dist/api/main.js      (default)
#   worker:  node dist/worker/main.js
#   migrate: npx prisma migrate deploy && node dist/scripts/seed.js (seed is optional)
FROM node:20.19.5-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20.19.5-bookworm-slim
ENV NODE_ENV=production APP_HOST=0.0.0.0 APP_PORT=3000 WEB_BUILD_DIR=/app/web/build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates wget && rm -rf /var/lib/apt/lists/*
COPY --from=build --chown=node:node /src/node_modules ./node_modules
COPY --from=build --chown=node:node /src/dist ./dist
COPY --from=build --chown=node:node /src/generated ./generated
COPY --from=build --chown=node:node /src/web/build ./web/build
COPY --from=build --chown=node:node /src/prisma ./prisma
COPY --from=build --chown=node:node /src/prisma.config.ts /src/package.json ./
COPY --from=build --chown=node:node /src/infra ./infra
COPY --from=build --chown=node:node /src/keycloak ./keycloak
# The attachments volume is mounted here; a new named volume takes this ownership.
RUN mkdir -p /var/lib/incident-desk/attachments && chown -R node:node /var/lib/incident-desk
USER node
EXPOSE 3000 9464
CMD ["node", "dist/api/main.js"]
