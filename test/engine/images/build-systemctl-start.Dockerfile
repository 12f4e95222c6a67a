# RUN systemctl start at build time: fails (no systemd as PID 1 in a build step), the build stops.
FROM sct/debian-systemd:bookworm
RUN printf '[Unit]\nDescription=hello\n[Service]\nExecStart=/bin/sleep infinity\n[Install]\nWantedBy=multi-user.target\n' >/etc/systemd/system/hello.service
RUN systemctl start hello.service
