# No prune block (ENV, STOPSIGNAL, CMD only): bookworm boots running unprivileged but starts apt/dpkg/e2scrub timers; with /dev/tty0 present (as under --privileged) getty@tty2-6 fail and it is degraded.
FROM sct/debian-systemd:bookworm
ENV container=docker
STOPSIGNAL SIGRTMIN+3
CMD ["/lib/systemd/systemd"]
