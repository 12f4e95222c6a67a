# For staging upgrade we use the 'staging-upgrade-prep' as the base
ARG STAGING_BASE=docker.io/dokken/centos-7

ARG RELEASE_URL=https://packages.fluentbit.io
ARG RELEASE_KEY=https://packages.fluentbit.io/fluentbit.key

# hadolint ignore=DL3006
FROM docker.io/dokken/centos-7 as official-install

ARG RELEASE_URL
ENV FLUENT_BIT_PACKAGES_URL=${RELEASE_URL}

ARG RELEASE_KEY
ENV FLUENT_BIT_PACKAGES_KEY=${RELEASE_KEY}

SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# Use the one-line install
RUN curl https://raw.githubusercontent.com/fluent/fluent-bit/master/install.sh | sh
RUN systemctl enable fluent-bit

COPY ./test.sh /test.sh
RUN chmod a+x /test.sh

FROM official-install as staging-upgrade-prep
RUN rm -f /etc/yum.repos.d/*-bit.repo

# hadolint ignore=DL3006
FROM ${STAGING_BASE} as staging-install
ARG STAGING_VERSION
ENV STAGING_VERSION=${STAGING_VERSION}

ARG STAGING_URL
ENV FLUENT_BIT_PACKAGES_URL=${STAGING_URL}

ARG STAGING_KEY=${STAGING_URL}/fluentbit.key
ENV FLUENT_BIT_PACKAGES_KEY=${STAGING_KEY}

RUN rpm --import "$FLUENT_BIT_PACKAGES_KEY" && \
    wget -nv "$FLUENT_BIT_PACKAGES_URL/centos-7.repo" -O /etc/yum.repos.d/staging.repo
# hadolint ignore=DL3032
RUN yum update -y && yum install -y fluent-bit && \
    systemctl enable fluent-bit

COPY ./test.sh /test.sh
RUN chmod a+x /test.sh

FROM staging-install as staging-upgrade
