namespace Deployteq.Customers.Model;

public sealed record MailabilityCounts(int HardBounces, int SoftBounces, int Complaints, bool Unsubscribed)
{
    public const int MaxSoftBounces = 4;

    // The rules of the Pega contract: any hard bounce, or more than four soft ones, stops mail;
    // so, naturally, does an unsubscribe.
    public bool Mailable => HardBounces == 0 && SoftBounces <= MaxSoftBounces && !Unsubscribed;
}
