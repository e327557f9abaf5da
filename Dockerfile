# Lifeboat production image (multi-stage). Not built in this repository's CI: the development
# machines have no Docker engine. The console needs the dump tools at run time, so they are in
# the final image.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
WORKDIR /app
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends \
      postgresql-client mariadb-client redis-tools sqlite3 zstd tar gzip ca-certificates tini \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system lifeboat && useradd --system --gid lifeboat --home /data lifeboat \
    && mkdir -p /data && chown lifeboat:lifeboat /data
WORKDIR /app
ENV NODE_ENV=production LIFEBOAT_DATA_DIR=/data PORT=3000
COPY --from=build --chown=lifeboat:lifeboat /app/package.json /app/next.config.ts /app/server.mjs ./
COPY --from=build --chown=lifeboat:lifeboat /app/node_modules ./node_modules
COPY --from=build --chown=lifeboat:lifeboat /app/.next ./.next
COPY --from=build --chown=lifeboat:lifeboat /app/public ./public
COPY --from=build --chown=lifeboat:lifeboat /app/drizzle ./drizzle
COPY --from=build --chown=lifeboat:lifeboat /app/bin ./bin
COPY --from=build --chown=lifeboat:lifeboat /app/lib ./lib
USER lifeboat
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:3000/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "server.mjs", "-H", "0.0.0.0"]
