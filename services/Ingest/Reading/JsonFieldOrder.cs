namespace CustomerStream.Ingest.Reading;

/// <summary>
/// The memory of one JSON input for <see cref="JsonRecordParser"/>: which field each property position held in the
/// previous record (-1: none yet, or an unknown property).
/// </summary>
internal static class JsonFieldOrder
{
    /// <summary>Positions remembered; properties beyond are looked up by name.</summary>
    private const int Positions = 32;

    public static int[] New()
    {
        var order = new int[Positions];
        Array.Fill(order, -1);
        return order;
    }
}
