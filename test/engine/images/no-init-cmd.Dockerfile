# Canonical systemd image but no CMD: the base image's CMD (none for an imported rootfs) or a shell runs.
FROM sct/debian-systemd:bookworm
ENV container=docker
STOPSIGNAL SIGRTMIN+3
