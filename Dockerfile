# syntax=docker/dockerfile:1
# Sorstárs: one image for both sides; docker-compose.yml runs `npm run start:api` or
# `npm run start:web` from it.

# ---- deps: every dependency, dev ones included, for the build -----------------------------------
# Node 24, the LTS line: Node 20 gets no more security fixes. It also renders a signed-in page with
# 20–35 % less of the web's and the API's CPU (`npm run bench -- pages`, README).
FROM node:24-bookworm-slim AS deps
WORKDIR /app
# argon2 ships prebuilt binaries; the toolchain is only a fallback for an unusual platform.
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
COPY shared/package.json shared/
COPY migrations/package.json migrations/
COPY api/package.json api/
COPY web/package.json web/
COPY test/package.json test/
# Fixes to dependencies, applied by the postinstall script (patch-package); see patches/README.md.
COPY patches/ patches/
RUN npm ci --no-audit --no-fund

# ---- build: shared, migrations, api (dist/) and web (build/) ------------------------------------
FROM deps AS build
COPY . .
ENV NX_DAEMON=false NX_NO_CLOUD=true CI=true
RUN npm run build
# Production dependencies only, and no sources the runtime does not read.
RUN npm prune --omit=dev --no-audit --no-fund \
  && rm -rf .nx api/src web/app shared/src migrations/src test

# ---- runtime ------------------------------------------------------------------------------------
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    SKIP_BUILD=1 \
    DATA_DIR=/app/data \
    API_PORT=3001 \
    PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000 3001
VOLUME ["/app/data"]
CMD ["npm", "start"]
