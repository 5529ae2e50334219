using System.Runtime.Versioning;

// Signals, /proc and util-linux's setpriv: the AppHost runs on Linux (our machines and CI).
[assembly: SupportedOSPlatform("linux")]
