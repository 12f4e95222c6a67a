# For staging upgrade we use the 'official-install' as the base

# hadolint ignore=DL3007
FROM docker.io/dokken/ubuntu-22.04:latest as official-install
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# Use the one-line install
RUN curl https://raw.githubusercontent.com/fluent/fluent-bit/master/install.sh | sh
RUN systemctl enable fluent-bit

COPY ./test.sh /test.sh
RUN chmod a+x /test.sh

FROM official-install as staging-upgrade-prep
RUN rm -f /etc/apt/sources.list.d/fluent-bit.list

# hadolint ignore=DL3007
FROM docker.io/dokken/ubuntu-22.04:latest as staging-install
ARG STAGING_URL
ARG STAGING_VERSION
ENV STAGING_VERSION=${STAGING_VERSION}
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN wget -qO - $STAGING_URL/fluentbit.key | apt-key add -
RUN echo "deb $STAGING_URL/ubuntu/jammy jammy main" >> /etc/apt/sources.list
# hadolint ignore=DL3008
RUN apt-get update && apt-get install --no-install-recommends -y fluent-bit \
    && apt-get clean \
    && rm -rf /var/lib/apt/lists/*
RUN systemctl enable fluent-bit

COPY ./test.sh /test.sh
RUN chmod a+x /test.sh

# hadolint ignore=DL3007
FROM staging-install as staging-upgrade
