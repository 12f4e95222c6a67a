# RUN systemctl enable at build time works (it only writes the [Install] symlinks); the unit starts at boot.
FROM sct/debian-systemd:bookworm
ENV container=docker
RUN printf '[Unit]\nDescription=hello\n[Service]\nExecStart=/bin/sleep infinity\n[Install]\nWantedBy=multi-user.target\n' >/etc/systemd/system/hello.service
RUN systemctl enable hello.service && ls -l /etc/systemd/system/multi-user.target.wants/hello.service
STOPSIGNAL SIGRTMIN+3
CMD ["/lib/systemd/systemd"]
