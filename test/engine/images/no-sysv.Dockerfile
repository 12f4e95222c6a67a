# systemd without systemd-sysv on Debian: /sbin/init does not exist, CMD ["/sbin/init"] fails at run; /lib/systemd/systemd boots.
FROM sct/debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends systemd && rm -rf /var/lib/apt/lists/*
ENV container=docker
STOPSIGNAL SIGRTMIN+3
CMD ["/sbin/init"]
