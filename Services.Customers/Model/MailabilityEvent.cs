namespace Deployteq.Customers.Model;

public enum MailabilityEvent
{
    HardBounce,
    SoftBounce,
    Engagement,
    Complaint,
    Unsubscribe,
}
