# Same as auditd.Dockerfile with auditd masked: boots running.
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
RUN apt-get update && apt-get install -y --no-install-recommends auditd && rm -rf /var/lib/apt/lists/*
RUN systemctl mask auditd.service
STOPSIGNAL SIGRTMIN+3
CMD ["/lib/systemd/systemd"]
