# VOLUME ["/sys/fs/cgroup"]: an empty anonymous volume hides the cgroupfs and boot fails (exit 255) unless -v /sys/fs/cgroup is given, which replaces the volume.
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
VOLUME ["/sys/fs/cgroup"]
STOPSIGNAL SIGRTMIN+3
CMD ["/lib/systemd/systemd"]
