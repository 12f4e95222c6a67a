# An init CMD on a base that has no systemd package.
FROM sct/debian:bookworm
ENV container=docker
STOPSIGNAL SIGRTMIN+3
CMD ["/sbin/init"]
