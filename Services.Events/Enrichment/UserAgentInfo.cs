namespace Deployteq.Events.Enrichment;

// What an open's or a click's user agent tells: "" where it does not say.
public sealed record UserAgentInfo(string Os, string Browser, bool MachineGenerated);
