# kubesim as a container image, for the Indexed Job of `kubesim bench --emit-job` (docs/bench.md).
# It installs the published package, or a tarball packed from this repository:
#
#   docker build --build-arg KUBESIM_VERSION=0.1.0 -t REGISTRY/kubesim:0.1.0 .   # from the npm registry
#   npm pack && docker build -t REGISTRY/kubesim:0.1.0 .                           # from ./kubesim-0.1.0.tgz
#
# A tarball kubesim-$KUBESIM_VERSION.tgz in the build context wins over the registry. The image's
# kubesim version must be the one that emitted the Job and merges the shards (merge checks it).
FROM node:20-slim
ARG KUBESIM_VERSION=0.1.0
# package.json is always there, so the copy does not fail when no tarball is (see .dockerignore)
COPY package.json kubesim-*.tgz* /tmp/kubesim/
RUN set -eux; \
    if [ -f "/tmp/kubesim/kubesim-${KUBESIM_VERSION}.tgz" ]; then \
      npm install -g --omit=dev "/tmp/kubesim/kubesim-${KUBESIM_VERSION}.tgz"; \
    else \
      npm install -g --omit=dev "kubesim@${KUBESIM_VERSION}"; \
    fi; \
    rm -rf /tmp/kubesim; npm cache clean --force; \
    kubesim --version
USER node
WORKDIR /home/node
ENTRYPOINT ["kubesim"]
CMD ["--help"]
