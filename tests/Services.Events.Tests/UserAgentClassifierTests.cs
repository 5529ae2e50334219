using Deployteq.Events.Enrichment;

namespace Deployteq.Events.Tests;

public sealed class UserAgentClassifierTests
{
    [Theory]
    [InlineData(Activities.ChromeOnWindows, "Windows", "Chrome", false)]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1", "iOS", "Safari", false)]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)", "Mac OS X", "Apple Mail", false)]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51", "Windows", "Edge", false)]
    [InlineData("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36", "Android", "Chrome", false)]
    [InlineData("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0", "Linux", "Firefox", false)]
    [InlineData(Activities.GmailImageProxy, "Windows", "Firefox", true)]
    [InlineData("Mozilla/5.0", "", "", true)]
    [InlineData("python-requests/2.31.0", "", "", true)]
    [InlineData("Mozilla/5.0 (compatible; Barracuda Sentinel (EE))", "", "", true)]
    [InlineData("", "", "", false)]
    public void A_user_agent_tells_os_browser_and_whether_a_machine_opened(string userAgent, string os, string browser, bool machine)
    {
        var info = new UserAgentClassifier().Classify(userAgent);

        Assert.Equal(new UserAgentInfo(os, browser, machine), info);
    }
}
