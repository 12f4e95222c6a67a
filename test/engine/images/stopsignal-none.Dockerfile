# Canonical image without STOPSIGNAL: docker stop sends SIGTERM, systemd re-executes instead of halting, SIGKILL after 10 s, exit 137.
FROM sct/debian-systemd:bookworm
ENV container=docker
RUN cd /lib/systemd/system/sysinit.target.wants/ \
 && for i in *; do [ "$i" = systemd-tmpfiles-setup.service ] || rm -f "$i"; done \
 && rm -f /lib/systemd/system/multi-user.target.wants/* \
          /etc/systemd/system/*.wants/* \
          /lib/systemd/system/local-fs.target.wants/* \
          /lib/systemd/system/sockets.target.wants/*udev* \
          /lib/systemd/system/sockets.target.wants/*initctl* \
          /lib/systemd/system/basic.target.wants/* \
          /lib/systemd/system/anaconda.target.wants/*
CMD ["/lib/systemd/systemd"]
