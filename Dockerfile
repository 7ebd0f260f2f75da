# SPDX-License-Identifier: Apache-2.0
# hostaudit's container image: audit the Docker host from a container.
#
#   docker build -t hostaudit:0.1.0 .
#   docker run --rm --pid host --network host \
#       --cap-drop ALL --cap-add SYS_PTRACE --cap-add AUDIT_CONTROL \
#       --security-opt apparmor=unconfined \
#       -v /:/host:ro -v /var/run/docker.sock:/var/run/docker.sock:ro \
#       hostaudit:0.1.0
#
# hostaudit(8), "Running in a container", says why each flag is there.
# `make image` builds the same image without a base image or a registry.
#
# It runs as root, on purpose.  An audit of the host has to read what only
# root may read there: daemon.json and the unit files may be 0600, the
# engine socket is root:docker 0660 (and the docker group's gid differs
# from host to host), and dockerd's /proc/PID/environ, cwd and root are
# open only to its own user (with CAP_SYS_PTRACE).  In a container root
# has only the capabilities it is given, and hostaudit keeps less: it
# opens nothing for writing but its reports, runs no program, and once the
# facts are collected it sets no_new_privs and drops every capability but
# CAP_DAC_OVERRIDE (to write the report).  Run as another user
# (--user 65534 --group-add GID-OF-THE-SOCKET), whatever it cannot read
# is an error in the report and exit status 3, never a pass.

ARG DEBIAN=debian:12-slim

FROM ${DEBIAN} AS build
# The -dev packages of the Makefile's libraries (PKGS and LIBS).
RUN apt-get update && \
	apt-get install -y --no-install-recommends build-essential \
	    pkg-config libjansson-dev libcurl4-openssl-dev libcap-dev \
	    libssl-dev libjq-dev && \
	rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# PREFIX=/usr: the binary looks for its profiles in /usr/share/hostaudit.
# /runtime-packages: the packages of the libraries it links directly (its
# DT_NEEDED entries), e.g. libc6 libcap2 libcurl4 libjansson4 libjq1
# libssl3; their own dependencies come with them.
RUN make B=build-image PREFIX=/usr && \
	install -D -m 0755 hostaudit /out/usr/sbin/hostaudit && \
	install -d /out/usr/share/hostaudit/profiles \
	    /out/usr/share/doc/hostaudit && \
	install -m 0644 profiles/*.json /out/usr/share/hostaudit/profiles/ && \
	install -m 0644 LICENSE /out/usr/share/doc/hostaudit/LICENSE && \
	objdump -p hostaudit | awk -v ma="$(gcc -print-multiarch)" \
	    '$1 == "NEEDED" { print "*/" ma "/" $2 }' | \
	    xargs dpkg-query -S | cut -d: -f1 | sort -u >/runtime-packages && \
	test -s /runtime-packages

FROM ${DEBIAN}
ARG VERSION=0.1.0
ARG SOURCE=https://hostaudit.invalid/hostaudit
# Only the run-time libraries (and the CA certificates, for an engine
# reached over TLS): no compiler, no -dev package.
COPY --from=build /runtime-packages /tmp/runtime-packages
RUN apt-get update && \
	apt-get install -y --no-install-recommends ca-certificates \
	    $(cat /tmp/runtime-packages) && \
	rm -rf /var/lib/apt/lists/* /tmp/runtime-packages
COPY --from=build /out/ /
LABEL org.opencontainers.image.title="hostaudit" \
	org.opencontainers.image.description="Docker host auditor (CIS Docker Benchmark)" \
	org.opencontainers.image.version="${VERSION}" \
	org.opencontainers.image.source="${SOURCE}" \
	org.opencontainers.image.licenses="Apache-2.0"
USER 0:0
ENTRYPOINT ["/usr/sbin/hostaudit", "--root", "/host"]
