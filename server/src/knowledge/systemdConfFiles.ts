/**
 * Options of systemd's main configuration files (journald.conf(5), logind.conf(5),
 * systemd-system.conf(5), resolved.conf(5), timesyncd.conf(5), coredump.conf(5)), systemd 252–256.
 * Used to catch an option appended to the wrong file. The unit-file directive database
 * (generated from the man pages) supersedes this table once it exists.
 */
export interface ConfFile {
  section: string;
  options: Set<string>;
}

const set = (s: string) => new Set(s.split(/\s+/).filter(Boolean));

export const CONF_FILES: Record<string, ConfFile> = {
  'journald.conf': {
    section: 'Journal',
    options: set(`Storage Compress Seal SplitMode SyncIntervalSec RateLimitIntervalSec RateLimitBurst SystemMaxUse
      SystemKeepFree SystemMaxFileSize SystemMaxFiles RuntimeMaxUse RuntimeKeepFree RuntimeMaxFileSize RuntimeMaxFiles
      MaxRetentionSec MaxFileSec ForwardToSyslog ForwardToKMsg ForwardToConsole ForwardToWall ForwardToSocket TTYPath
      MaxLevelStore MaxLevelSyslog MaxLevelKMsg MaxLevelConsole MaxLevelWall MaxLevelSocket LineMax ReadKMsg Audit`),
  },
  'logind.conf': {
    section: 'Login',
    options: set(`NAutoVTs ReserveVT KillUserProcesses KillOnlyUsers KillExcludeUsers IdleAction IdleActionSec
      InhibitDelayMaxSec UserStopDelaySec HandlePowerKey HandlePowerKeyLongPress HandleRebootKey
      HandleRebootKeyLongPress
      HandleSuspendKey HandleSuspendKeyLongPress HandleHibernateKey HandleHibernateKeyLongPress HandleLidSwitch
      HandleLidSwitchExternalPower HandleLidSwitchDocked PowerKeyIgnoreInhibited SuspendKeyIgnoreInhibited
      HibernateKeyIgnoreInhibited LidSwitchIgnoreInhibited RebootKeyIgnoreInhibited HoldoffTimeoutSec
      RuntimeDirectorySize
      RuntimeDirectoryInodesMax InhibitorsMax SessionsMax StopIdleSessionSec RemoveIPC`),
  },
  'system.conf': {
    section: 'Manager',
    options:
      set(`LogLevel LogTarget LogColor LogLocation LogTime DumpCore ShowStatus CrashChangeVT CrashShell CrashReboot
      CrashAction CtrlAltDelBurstAction CPUAffinity NUMAPolicy NUMAMask RuntimeWatchdogSec RuntimeWatchdogPreSec
      RuntimeWatchdogPreGovernor RebootWatchdogSec KExecWatchdogSec WatchdogDevice CapabilityBoundingSet NoNewPrivileges
      SystemCallArchitectures TimerSlackNSec StatusUnitFormat DefaultTimerAccuracySec DefaultStandardOutput
      DefaultStandardError DefaultTimeoutStartSec DefaultTimeoutStopSec DefaultTimeoutAbortSec DefaultDeviceTimeoutSec
      DefaultRestartSec DefaultStartLimitIntervalSec DefaultStartLimitBurst DefaultEnvironment ManagerEnvironment
      DefaultCPUAccounting DefaultBlockIOAccounting DefaultIOAccounting DefaultIPAccounting DefaultMemoryAccounting
      DefaultTasksAccounting DefaultTasksMax DefaultMemoryPressureWatch DefaultMemoryPressureThresholdSec
      DefaultLimitCPU DefaultLimitFSIZE DefaultLimitDATA DefaultLimitSTACK DefaultLimitCORE DefaultLimitRSS
      DefaultLimitNOFILE DefaultLimitAS DefaultLimitNPROC DefaultLimitMEMLOCK DefaultLimitLOCKS DefaultLimitSIGPENDING
      DefaultLimitMSGQUEUE DefaultLimitNICE DefaultLimitRTPRIO DefaultLimitRTTIME DefaultOOMPolicy DefaultOOMScoreAdjust
      DefaultSmackProcessLabel ReloadLimitIntervalSec ReloadLimitBurst`),
  },
  'resolved.conf': {
    section: 'Resolve',
    options: set(`DNS FallbackDNS Domains LLMNR MulticastDNS DNSSEC DNSOverTLS Cache CacheFromLocalhost DNSStubListener
      DNSStubListenerExtra ReadEtcHosts ResolveUnicastSingleLabel StaleRetentionSec`),
  },
  'timesyncd.conf': {
    section: 'Time',
    options: set(
      `NTP FallbackNTP RootDistanceMaxSec PollIntervalMinSec PollIntervalMaxSec ConnectionRetrySec SaveIntervalSec`,
    ),
  },
  'coredump.conf': {
    section: 'Coredump',
    options: set(`Storage Compress ProcessSizeMax ExternalSizeMax JournalSizeMax MaxUse KeepFree`),
  },
};
CONF_FILES['user.conf'] = CONF_FILES['system.conf'];

/** The file whose options include `key`, other than `exclude`. */
export function confFileOf(key: string, exclude: string): string | undefined {
  return Object.keys(CONF_FILES).find((f) => f !== exclude && f !== 'user.conf' && CONF_FILES[f].options.has(key));
}
