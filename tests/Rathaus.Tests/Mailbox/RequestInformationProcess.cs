namespace Rathaus.Tests.Mailbox;

/// <summary>
/// A process with the request-more-information loop as docs/mailbox.md describes it (test only, not a shipped
/// service): the caseworker checks the application; when something is missing, <c>rathaus:request-information</c>
/// asks the citizen, a receive task waits for <c>antwort-buerger</c> keyed by the case id, a non-interrupting timer
/// reminds after 7 days, an interrupting one escalates to the caseworker after 21 days, and the answer leads back to
/// the check. Milestones: "Antrag vollständig", "Antrag bearbeitet".
/// </summary>
internal static class RequestInformationProcess
{
    public const string Id = "nachforderung_test";

    public const string Xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          id="Definitions_Nachforderung" targetNamespace="http://rathaus.example/bpmn">
          <bpmn:message id="Message_Antwort" name="antwort-buerger">
            <bpmn:extensionElements><zeebe:subscription correlationKey="=case.id" /></bpmn:extensionElements>
          </bpmn:message>
          <bpmn:process id="nachforderung_test" name="Antrag mit Nachforderung" isExecutable="true">
            <bpmn:startEvent id="Start_Eingang" name="Antrag eingegangen" />
            <bpmn:userTask id="Task_Pruefen" name="Vollständigkeit prüfen">
              <bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="ordnungsamt" /></bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:exclusiveGateway id="Gateway_Vollstaendig" name="Vollständig?" default="Flow_Vollstaendig" />
            <bpmn:serviceTask id="Task_Nachfordern" name="Unterlagen nachfordern">
              <bpmn:extensionElements><zeebe:taskDefinition type="rathaus:request-information" /></bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:receiveTask id="Task_Antwort" name="Antwort abwarten" messageRef="Message_Antwort" />
            <bpmn:boundaryEvent id="Timer_Erinnerung" name="7 Tage ohne Antwort" cancelActivity="false" attachedToRef="Task_Antwort">
              <bpmn:timerEventDefinition><bpmn:timeDuration>P7D</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:serviceTask id="Task_Erinnern" name="An die Nachforderung erinnern">
              <bpmn:extensionElements>
                <zeebe:taskDefinition type="rathaus:request-information" />
                <zeebe:taskHeaders><zeebe:header key="reminder" value="true" /></zeebe:taskHeaders>
              </bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:endEvent id="End_Erinnert" />
            <bpmn:boundaryEvent id="Timer_Eskalation" name="21 Tage ohne Antwort" attachedToRef="Task_Antwort">
              <bpmn:timerEventDefinition><bpmn:timeDuration>P21D</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:userTask id="Task_Eskalation" name="Ausbleibende Antwort klären">
              <bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="ordnungsamt" /></bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:endEvent id="End_Ohne_Antwort" name="Ohne Antwort beendet" />
            <bpmn:intermediateThrowEvent id="Milestone_Vollstaendig" name="Antrag vollständig" />
            <bpmn:endEvent id="End_Bearbeitet" name="Antrag bearbeitet" />
            <bpmn:sequenceFlow id="Flow_1" sourceRef="Start_Eingang" targetRef="Task_Pruefen" />
            <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_Pruefen" targetRef="Gateway_Vollstaendig" />
            <bpmn:sequenceFlow id="Flow_Unvollstaendig" name="nein" sourceRef="Gateway_Vollstaendig" targetRef="Task_Nachfordern">
              <bpmn:conditionExpression>=vollstaendig = false</bpmn:conditionExpression>
            </bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="Flow_3" sourceRef="Task_Nachfordern" targetRef="Task_Antwort" />
            <bpmn:sequenceFlow id="Flow_Antwort" sourceRef="Task_Antwort" targetRef="Task_Pruefen" />
            <bpmn:sequenceFlow id="Flow_4" sourceRef="Timer_Erinnerung" targetRef="Task_Erinnern" />
            <bpmn:sequenceFlow id="Flow_5" sourceRef="Task_Erinnern" targetRef="End_Erinnert" />
            <bpmn:sequenceFlow id="Flow_6" sourceRef="Timer_Eskalation" targetRef="Task_Eskalation" />
            <bpmn:sequenceFlow id="Flow_7" sourceRef="Task_Eskalation" targetRef="End_Ohne_Antwort" />
            <bpmn:sequenceFlow id="Flow_Vollstaendig" name="ja" sourceRef="Gateway_Vollstaendig" targetRef="Milestone_Vollstaendig" />
            <bpmn:sequenceFlow id="Flow_8" sourceRef="Milestone_Vollstaendig" targetRef="End_Bearbeitet" />
          </bpmn:process>
        </bpmn:definitions>
        """;
}
