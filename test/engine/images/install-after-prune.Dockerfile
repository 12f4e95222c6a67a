# Packages installed after the prune re-create wants links (deb-systemd-helper and static links shipped in /lib).
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
RUN find /etc/systemd/system /lib/systemd/system -path '*.wants/*' | sort > /wants-after-prune.txt
RUN apt-get update && apt-get install -y --no-install-recommends openssh-server cron && rm -rf /var/lib/apt/lists/*
RUN find /etc/systemd/system /lib/systemd/system -path '*.wants/*' | sort > /wants-after-install.txt
STOPSIGNAL SIGRTMIN+3
CMD ["/lib/systemd/systemd"]
