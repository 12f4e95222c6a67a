# Shell-form CMD /lib/systemd/systemd: dash does not exec, PID 1 is /bin/sh and systemd exits 1 (Explicit --user argument required to run as user manager.)
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
STOPSIGNAL SIGRTMIN+3
CMD /lib/systemd/systemd
