# No ENV container=...: detection via /.dockerenv; cond-virt.service (ConditionVirtualization=container) shows what units see.
FROM sct/debian-systemd:bookworm
RUN cd /lib/systemd/system/sysinit.target.wants/ \
 && for i in *; do [ "$i" = systemd-tmpfiles-setup.service ] || rm -f "$i"; done \
 && rm -f /lib/systemd/system/multi-user.target.wants/* \
          /etc/systemd/system/*.wants/* \
          /lib/systemd/system/local-fs.target.wants/* \
          /lib/systemd/system/sockets.target.wants/*udev* \
          /lib/systemd/system/sockets.target.wants/*initctl* \
          /lib/systemd/system/basic.target.wants/* \
          /lib/systemd/system/anaconda.target.wants/*
RUN printf '[Unit]\nDescription=runs only in a container\nConditionVirtualization=container\n[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n' >/etc/systemd/system/cond-virt.service \
 && systemctl enable cond-virt.service
STOPSIGNAL SIGRTMIN+3
CMD ["/lib/systemd/systemd"]
