using System.Globalization;
using System.Text;

namespace Deployteq.ServiceDefaults.Errors;

// Which characters a string of a request may hold. Two kinds:
// - an identifier (an external id, an e-mail address, a name that others look up) shows every
//   character it holds: letters, marks, digits, punctuation, symbols and inner spaces (U+0020),
//   nothing invisible (NUL, zero-width space, direction overrides, other format characters);
// - text (a subject, a note, a field value) may hold any character a person writes, emoji
//   sequences included, but no control character (tab and line breaks only where the text may
//   span lines), no unpaired surrogate and no character that hides or reorders what is shown
//   (zero-width space, word joiner, byte-order mark, bidirectional embeddings, overrides and
//   isolates).
// Lengths everywhere count UTF-16 code units, as string.Length does.
public static class TextRules
{
    // True when value holds only visible characters, with spaces neither first nor last.
    public static bool IsIdentifier(string value)
    {
        if (value.Length > 0 && (value[0] == ' ' || value[^1] == ' '))
        {
            return false;
        }

        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.Value == ' ')
            {
                continue;
            }

            switch (Rune.GetUnicodeCategory(rune))
            {
                case UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                    or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
                    or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator:
                    return false;
            }
        }

        // EnumerateRunes shows an unpaired surrogate as U+FFFD, a symbol: look for it apart.
        return !HasUnpairedSurrogate(value);
    }

    // True when value is text a person could have written (see above); multiline allows tab,
    // line feed and carriage return.
    public static bool IsText(string value, bool multiline = false)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c) && !(multiline && c is '\t' or '\n' or '\r'))
            {
                return false;
            }

            if (IsHiding(c))
            {
                return false;
            }
        }

        return !HasUnpairedSurrogate(value);
    }

    // Characters that show nothing or reorder what is shown around them.
    private static bool IsHiding(char c) => c switch
    {
        '\u200B' => true, // zero-width space
        '\u2060' => true, // word joiner
        '\uFEFF' => true, // zero-width no-break space, byte-order mark
        '\u180E' => true, // Mongolian vowel separator (formerly a space)
        >= '\u202A' and <= '\u202E' => true, // bidirectional embeddings and overrides
        >= '\u2066' and <= '\u2069' => true, // bidirectional isolates
        >= '\u206A' and <= '\u206F' => true, // deprecated format characters
        '\uFFFE' or '\uFFFF' => true, // noncharacters
        _ => false,
    };

    private static bool HasUnpairedSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]))
            {
                if (i + 1 == value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return true;
                }

                i++;
            }
            else if (char.IsLowSurrogate(value[i]))
            {
                return true;
            }
        }

        return false;
    }
}
