# syntax=docker/dockerfile:1
#
# infrabot image: linux/arm64 (Fargate Graviton, see infra/) or linux/amd64, from the same file.
#
#   docker buildx build --platform linux/arm64 --provenance=false -t infrabot:dev .
#
# Three stages:
#   build  compiles TypeScript. JavaScript is the same on every CPU, so this stage runs on the
#          builder's own platform (fast even when cross-building arm64 on an x86 laptop).
#   deps   installs production dependencies for the TARGET platform, compiling the one native
#          addon (better-sqlite3) there.
#   final  node + dist/src + production node_modules, nothing else; runs as the non-root `node` user.
#
# Pin the base image by digest in your fork (node:24-bookworm-slim@sha256:...) for reproducible
# builds; the tag is kept here so security updates of the base image are picked up on rebuild.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM --platform=$BUILDPLATFORM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: skips `prepare` (the build needs the sources, copied below) and native addon
# builds, which tsc does not need.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json tsconfig.product.json ./
# Only the product: the sandbox and its emulators are not part of it (tsconfig.product.json
# compiles src/ alone; .dockerignore keeps sandbox/ out of the context).
COPY src ./src
RUN npm run build:product

FROM ${NODE_IMAGE} AS deps
# Toolchain for node-gyp, used when no prebuilt better-sqlite3 binary matches the platform.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only, exactly as locked. Scripts are skipped (`prepare` would try to
# compile TypeScript without the sources), then the native addon is built for this platform
# (prebuild-install fetches the binary matching the platform it runs on, else node-gyp compiles).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
  && npm rebuild better-sqlite3

FROM ${NODE_IMAGE} AS final
ENV NODE_ENV=production \
  PORT=3000
WORKDIR /app
# Owned by root and not writable by the app: with a read-only root filesystem in ECS (infra/),
# only /tmp is writable at all.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json manifest.yml ./
COPY bin/infrabot.js ./bin/
COPY templates ./templates


# uid 1000, defined by the node image.
USER node
# Only for the health probe below; in production nothing connects in (no port mapping, no ingress).
EXPOSE 3000
# No curl in the image: probe /healthz with node itself. ECS runs the same probe from the task
# definition (it ignores this instruction); docker and compose use this one.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "bin/infrabot.js", "serve"]
