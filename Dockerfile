# syntax=docker/dockerfile:1
# One image for the manage service, the miner and the validator. The default
# command starts the manage service; docker-compose.yml picks the program of
# each node with `command`. The image contains no wallet, password or token:
# wallets are mounted at run time into the manage service only.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
# better-sqlite3 is a native addon: npm compiles it with these tools when no
# prebuilt binary matches the platform.
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# Compile to dist/, then drop the dev dependencies so the runtime stage can
# copy node_modules with the addon already built.
RUN npm run build && npm prune --omit=dev

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Files stay owned by root, so the service user cannot change its own code.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Mount points owned by the service user: a named volume mounted on the audit
# or validator state folder takes this owner when first created, and Docker
# does not need to create folders in a read-only root filesystem.
RUN mkdir -p /home/node/.bittensor/wallets /home/node/.bittensor/manage-service \
        /home/node/.bittensor/manage-nodes \
    && chown -R node:node /home/node/.bittensor
USER node
EXPOSE 8000
# Node 20 has fetch built in, and slim images have no curl or wget.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.MANAGE_SERVICE_PORT || 8000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/service/cli.js"]
