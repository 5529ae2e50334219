using Deployteq.Events.V1;
using Google.Protobuf.WellKnownTypes;

namespace Deployteq.PegaConnector.Delivery;

// The body of one call: the activity in the Pega shape (the one mapper, in Protos), with the
// installation's manual option defaults filled in where the activity has no value of its own.
public static class ActivityBodies
{
    public static byte[] Build(Activity activity, Struct defaults)
    {
        if (defaults.Fields.Count > 0)
        {
            activity.Broadcast ??= new BroadcastDetails();
            activity.Broadcast.BroadcastManualOptions ??= new Struct();
            var options = activity.Broadcast.BroadcastManualOptions.Fields;
            foreach (var (name, value) in defaults.Fields)
            {
                if (!options.TryGetValue(name, out var present) || present.KindCase is Value.KindOneofCase.NullValue or Value.KindOneofCase.None)
                {
                    options[name] = value;
                }
            }
        }

        return PegaActivityJson.ToCallBody(activity);
    }
}
