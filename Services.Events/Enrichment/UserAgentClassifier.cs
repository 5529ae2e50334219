namespace Deployteq.Events.Enrichment;

// Reads os, browser and "machine generated" from a user agent. No user-agent parsing library is
// served by our package feed, so this is a short table of the agents that mail opens and clicks
// actually come from; an unknown agent gives "" rather than a guess. First match wins, so the
// more specific token comes first (Edge and Opera also say "Chrome", Chrome also says "Safari").
public sealed class UserAgentClassifier
{
    private static readonly (string Token, string Os)[] OperatingSystems =
    [
        ("Windows Phone", "Windows Phone"),
        ("Windows", "Windows"),
        ("iPhone", "iOS"),
        ("iPad", "iOS"),
        ("iPod", "iOS"),
        ("Android", "Android"),
        ("CrOS", "Chrome OS"),
        ("Macintosh", "Mac OS X"),
        ("Mac OS X", "Mac OS X"),
        ("Linux", "Linux"),
    ];

    private static readonly (string Token, string Browser)[] Browsers =
    [
        ("Edg/", "Edge"),
        ("EdgA/", "Edge"),
        ("EdgiOS/", "Edge"),
        ("Edge/", "Edge"),
        ("OPR/", "Opera"),
        ("Opera", "Opera"),
        ("SamsungBrowser/", "Samsung Internet"),
        ("YaBrowser/", "Yandex"),
        ("Thunderbird/", "Thunderbird"),
        ("Microsoft Outlook", "Outlook"),
        ("Outlook-iOS", "Outlook"),
        ("Firefox/", "Firefox"),
        ("FxiOS/", "Firefox"),
        ("CriOS/", "Chrome"),
        ("Chrome/", "Chrome"),
        ("Trident/", "Internet Explorer"),
        ("MSIE ", "Internet Explorer"),
        ("Version/", "Safari"),
        // WebKit without a browser token on an Apple device: the Mail app's own web view.
        ("AppleWebKit/", "Apple Mail"),
    ];

    // Privacy proxies that fetch every image of a mail, and scanners that follow every link.
    private static readonly string[] MachineTokens =
    [
        "GoogleImageProxy", "ggpht.com", "YahooMailProxy", "Yahoo! Slurp", "BingPreview",
        "Barracuda", "Mimecast", "Proofpoint", "Trend Micro", "Symantec", "Forcepoint", "Cisco",
        "SafeLinks", "Microsoft Office Existence Discovery", "HeadlessChrome", "PhantomJS",
        "python-requests", "python-urllib", "curl/", "Wget", "Go-http-client", "okhttp", "Java/",
        "libwww-perl", "facebookexternalhit", "Slackbot", "Twitterbot", "LinkedInBot",
        "bot", "crawler", "spider", "scanner", "preview",
    ];

    // Apple Mail Privacy Protection fetches with this bare agent and nothing more.
    private const string ApplePrivacyProxy = "Mozilla/5.0";

    public UserAgentInfo Classify(string userAgent)
    {
        var agent = userAgent.Trim();
        if (agent.Length == 0)
        {
            return new UserAgentInfo("", "", MachineGenerated: false);
        }

        var os = OperatingSystems.FirstOrDefault(entry => agent.Contains(entry.Token, StringComparison.Ordinal)).Os ?? "";
        var browser = Browsers.FirstOrDefault(entry => agent.Contains(entry.Token, StringComparison.Ordinal)).Browser ?? "";
        var machine = agent == ApplePrivacyProxy
            || MachineTokens.Any(token => agent.Contains(token, StringComparison.OrdinalIgnoreCase));
        return new UserAgentInfo(os, browser, machine);
    }
}
