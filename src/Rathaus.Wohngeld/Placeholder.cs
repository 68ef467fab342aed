namespace Rathaus.Wohngeld; internal static class Placeholder { }
