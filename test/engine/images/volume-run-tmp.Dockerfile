# VOLUME ["/run"] and VOLUME /tmp: on-disk volumes unless --tmpfs covers them; without --tmpfs /run/lock boot fails, /run content persists across docker restart.
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
VOLUME ["/run"]
VOLUME /tmp
STOPSIGNAL SIGRTMIN+3
CMD ["/lib/systemd/systemd"]
