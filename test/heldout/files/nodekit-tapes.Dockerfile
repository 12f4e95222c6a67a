FROM golang:1.23-bookworm AS builder

WORKDIR /app

ADD . .

RUN CGO_ENABLED=0 go build -ldflags "-X main.version=1.4.0" -o ./bin/nodekit *.go


FROM ubuntu:24.04 AS noble


RUN apt-get update && \
    apt-get install curl ffmpeg ttyd libnss3 sudo dnsutils jq systemd wget gnupg2 software-properties-common -y && \
    curl -sL -o /var/cache/apt/archives/vhs.deb https://github.com/charmbracelet/vhs/releases/download/v0.9.0/vhs_0.9.0_amd64.deb && \
    dpkg -i /var/cache/apt/archives/vhs.deb


COPY --from=builder /app/bin/nodekit /bin/nodekit

RUN mkdir -p /app/coverage/int/ubuntu/24.04 && \
    echo GOCOVERDIR=/app/coverage/int/ubuntu/24.04 >> /etc/environment

RUN useradd -ms /bin/bash nodekit
RUN usermod -aG sudo nodekit
RUN echo "nodekit ALL=(ALL) NOPASSWD:ALL" >> /etc/sudoers.d/nodekit

STOPSIGNAL SIGRTMIN+3
WORKDIR "/app"
ENTRYPOINT ["/usr/lib/systemd/systemd"]
#USER nodekit
