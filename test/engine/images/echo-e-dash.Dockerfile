# RUN echo -e under Debian's /bin/sh (dash) writes a literal "-e " before the first line; the first section header is lost.
FROM sct/debian-systemd:bookworm
RUN echo -e "[Unit]\nDescription=x" > /etc/systemd/system/x.service
RUN echo -e "[Unit]\nDescription=x2\n[Service]\nExecStart=/bin/true" > /etc/systemd/system/x2.service
RUN echo -e "[Service]\nExecStart=/bin/true" > /etc/systemd/system/z.service
RUN printf '[Unit]\nDescription=y\n[Service]\nExecStart=/bin/true\n' > /etc/systemd/system/y.service
