# A small image with a static privet binary:
#   docker build -t privet .
#   docker run --rm -v "$PWD:/site" privet build
# The first stage builds on Alpine, whose Rust targets musl, so the binary
# is static and the final image needs nothing else.
FROM rust:1-alpine AS build
RUN apk add --no-cache musl-dev
WORKDIR /src
COPY Cargo.toml Cargo.lock build.rs ./
COPY src ./src
COPY themes ./themes
COPY benches ./benches
COPY vendor ./vendor
RUN cargo build --release --locked && strip target/release/privet

FROM scratch
COPY --from=build /src/target/release/privet /usr/local/bin/privet
WORKDIR /site
ENTRYPOINT ["/usr/local/bin/privet"]
CMD ["build"]
