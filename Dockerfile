# gemini-reverse as a container: the single executable (`npm run build`, scripts/build.ts) on a
# distroless base, run as a non-root user, with DATA_DIR (cookie jars, generated images) a volume.
#
#   docker build -t gemini-reverse .
#   docker run -d -p 127.0.0.1:8100:8100 -v gemini-data:/data \
#     -e GEMINI_1PSID=… -e GEMINI_1PSIDTS=… gemini-reverse
#   docker run --rm -p 127.0.0.1:8100:8100 gemini-reverse --demo     # try it offline
#
# compose.yaml beside this file runs it with an optional Redis.
#
# With the browser keeper (accounts[].browser, docs/accounts.md), build the image that has Debian's
# Chromium:   docker build --target with-browser -t gemini-reverse:browser .

# Build stage: the same commands as on a developer's machine. `npm run build` compiles with the
# Bun that npm installs, then smoke-tests the binary (/health, /, /metrics, --healthcheck).
FROM node:22-bookworm-slim AS build
WORKDIR /source
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json bunfig.toml ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build && mkdir -p /staging/data && cp dist/gemini-reverse /staging/gemini-reverse

# The image for the browser keeper: Debian with its Chromium package, the same binary, non-root.
FROM debian:bookworm-slim AS with-browser
RUN apt-get update && apt-get install -y --no-install-recommends chromium ca-certificates fonts-liberation \
    && rm -rf /var/lib/apt/lists/* && useradd --uid 65532 --home-dir /data --no-create-home nonroot
COPY --from=build /staging/gemini-reverse /usr/local/bin/gemini-reverse
COPY --from=build --chown=65532:65532 /staging/data /data
ENV HOST=0.0.0.0 \
    PORT=8100 \
    DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8100
USER 65532:65532
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["/usr/local/bin/gemini-reverse", "--healthcheck"]
ENTRYPOINT ["/usr/local/bin/gemini-reverse"]

# Run stage (the default image): the binary links only glibc (libc, libm, libdl, libpthread), which distroless/base
# has, with CA certificates for Google's HTTPS. No shell, no package manager.
FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=build /staging/gemini-reverse /usr/local/bin/gemini-reverse
# 65532 is distroless's `nonroot`; the volume starts out owned by it.
COPY --from=build --chown=65532:65532 /staging/data /data
ENV HOST=0.0.0.0 \
    PORT=8100 \
    DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8100
USER 65532:65532
# No curl in a distroless image: the binary asks its own /health (exit 0 when it answers ok).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["/usr/local/bin/gemini-reverse", "--healthcheck"]
ENTRYPOINT ["/usr/local/bin/gemini-reverse"]
