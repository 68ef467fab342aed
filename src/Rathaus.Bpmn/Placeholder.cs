namespace Rathaus.Bpmn; internal static class Placeholder { }
