# One image for every service; pick the service with --build-arg SERVICE=<name> (or SERVICE at run time).
#   docker build --build-arg SERVICE=registry -t qn-edu/registry .
#   docker run --env-file … -e PORT=3001 qn-edu/registry
# Works with BuildKit and with the legacy builder (no RUN --mount, no COPY --parents).

ARG NODE_IMAGE=node:24-bookworm-slim

# ---------------------------------------------------------------------------------------------
# manifests: only the package.json of each workspace, at its path. Copying from this stage
# keeps the `npm ci` layer cached until a manifest or the lock file changes, and picks up new
# workspaces under apps/*, libs/* and services/* without editing this file.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY apps/ apps/
COPY libs/ libs/
COPY services/ services/
RUN find apps libs services -mindepth 2 -maxdepth 2 ! -name package.json -exec rm -rf {} + \
 && find apps libs services -mindepth 1 -maxdepth 1 -type d -empty -delete

# ---------------------------------------------------------------------------------------------
# build: install everything, compile, then drop dev dependencies.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
COPY package.json package-lock.json ./
COPY --from=manifests /src/ ./
# --ignore-scripts: no runtime dependency needs an install script (in production only
# protobufjs' version notice and @scarf/scarf's telemetry have one), and it skips the dev
# dependency `node` downloading a second 120 MB Node binary: the image's Node 24 is used.
RUN npm ci --ignore-scripts
COPY tsconfig.base.json tsconfig.build.json ./
COPY libs/ libs/
COPY services/ services/
# Call tsc through the image's node, not `npx`, so node_modules/.bin/node cannot shadow it.
RUN node node_modules/typescript/bin/tsc -b tsconfig.build.json
# The web app (apps/web): its server compiled, the browser app built by Vite (dev dependencies).
COPY apps/ apps/
RUN cd apps/web \
 && node ../../node_modules/typescript/bin/tsc -p tsconfig.server.json \
 && node ../../node_modules/vite/bin/vite.js build --logLevel warn
RUN npm prune --omit=dev --ignore-scripts \
 && for p in node typescript jest nx; do \
      if [ -e "node_modules/$p" ]; then echo "dev dependency $p survived npm prune" >&2; exit 1; fi; \
    done \
 && rm -rf node_modules/.cache
# Assemble the runtime tree: package.json + dist of each workspace (no sources, no typings).
RUN mkdir -p /out \
 && for d in apps/* libs/* services/*; do \
      [ -f "$d/package.json" ] || continue; \
      mkdir -p "/out/$d" && cp "$d/package.json" "/out/$d/"; \
      if [ -d "$d/dist" ]; then cp -R "$d/dist" "/out/$d/dist"; fi; \
    done \
 && mkdir -p /out-demo \
 && for d in services/*/demo; do \
      if [ -d "$d/dist" ]; then mkdir -p "/out-demo/$d" && cp -R "$d/dist" "/out-demo/$d/dist"; fi; \
    done \
 && find /out /out-demo \( -name '*.d.ts' -o -name '*.d.ts.map' -o -name '.tsbuildinfo' -o -name '*.spec.js' -o -name '*.spec.js.map' \) -delete

# ---------------------------------------------------------------------------------------------
# runtime
FROM ${NODE_IMAGE} AS runtime
ARG SERVICE=registry
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    PORT=3000 \
    NODE_OPTIONS="--enable-source-maps --disable-warning=TimeoutNegativeWarning" \
    NPM_CONFIG_UPDATE_NOTIFIER=false
LABEL org.opencontainers.image.title="qn-edu ${SERVICE}" \
      org.opencontainers.image.description="Quang Ninh education platform service (${SERVICE})"
WORKDIR /app
# Files stay owned by root: the service only reads them.
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules/ node_modules/
COPY --from=build /out/ ./
# Mount points of the demo identity provider's named volumes (docker-compose.yml): a new volume
# takes the owner of the image folder it is mounted on, and the provider runs as node.
RUN mkdir -p /var/lib/qn-identity/key /var/lib/qn-identity/users \
 && chown -R node:node /var/lib/qn-identity
USER node
# Readiness = database, Kafka and Redis reachable (see libs/observability ops.module).
HEALTHCHECK --interval=15s --timeout=5s --start-period=40s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# exec: node becomes PID 1 and receives SIGTERM directly (graceful shutdown hooks).
CMD ["sh", "-c", "exec node services/${SERVICE}/dist/main.js"]

# ---------------------------------------------------------------------------------------------
# demo: the runtime plus the demo loaders and the payment gateway simulator (services/*/demo),
# which the production image leaves out. Only the compose demo profile builds it:
#   docker build --target demo -t qn-edu/demo .
FROM runtime AS demo
COPY --from=build /out-demo/ ./

# ---------------------------------------------------------------------------------------------
# web: the web app's server (apps/web: the built dashboard, /config.json, the API proxy).
#   docker build --target web -t qn-edu/web .
FROM runtime AS web
ENV SERVICE=web PORT=3008
LABEL org.opencontainers.image.title="qn-edu web" \
      org.opencontainers.image.description="Quang Ninh education platform web app (apps/web)"
CMD ["node", "apps/web/dist/server/server.js"]
