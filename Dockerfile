# syntax=docker/dockerfile:1
# One image for both roles (API: the default command; worker: `node dist/worker.js`).
# The server, workers and CLI run JavaScript compiled ahead of time (`npm run build`, tsc to
# dist/), so a container starts without a TypeScript compiler; the web client is built by Vite.

# Production dependencies only: this is what the runtime image gets.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# The server (tsc) and the web client (Vite), built with the dev dependencies, which stay in
# this stage.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
RUN npm run build
COPY client ./client
RUN npm run build:client

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    DATA_DIR=/data \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY bin ./bin
COPY --from=build /app/dist ./dist
COPY drizzle ./drizzle
COPY --from=build /app/client/dist ./client/dist
# The code is owned by root and read-only for the app user; only /data is writable.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 4000 9464
# The API answers /health on PORT; a worker started with METRICS_PORT answers it there.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.METRICS_PORT||process.env.PORT||4000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/main.js"]
