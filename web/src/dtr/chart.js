// The patient's chart for the CQL engine, read from the EHR by the package Libraries' dataRequirements.
import { dataTypes } from "./prepopulate.js";

/**
 * The chart as one Bundle: the Patient (`patientRead`, when the app already asked for it), then each type the Libraries
 * read, searched by patient side by side (paged, capped by the client); PractitionerRole and Practitioner are read
 * through the order's requester. A failed query goes to `onError` and the rest stays usable.
 */
export async function readChart({ ehr, ctx, patientId, libraries, patientRead, onError }) {
  const patient = patientRead?.id === patientId ? patientRead.promise : ehr.read(`Patient/${patientId}`);
  const resources = [];
  const types = dataTypes(libraries).filter(t => t !== "Patient");
  await Promise.all([patient.then(p => resources.unshift(p)), ...types.map(async type => {
    try {
      if (type === "PractitionerRole" || type === "Practitioner") {
        // Not patient data: the order's requester (and, for a Practitioner, the roles they hold).
        const requester = ctx.order?.requester?.reference;
        if (requester?.startsWith(type + "/")) resources.push(await ehr.read(requester));
        else if (type === "PractitionerRole" && requester?.startsWith("Practitioner/"))
          resources.push(...await ehr.search(`PractitionerRole?practitioner=${encodeURIComponent(requester.split("/")[1])}`));
        return;
      }
      // _count: one page where the EHR allows it (the pages are followed either way).
      resources.push(...await ehr.search(`${type}?patient=${encodeURIComponent(patientId)}&_count=200`));
    } catch (e) {
      onError(`Could not read ${type} from the EHR; answers that need it are left for you: ${e.message}`);
    }
  })]);
  if (ctx.order) resources.push(ctx.order);
  if (ctx.coverage) resources.push(ctx.coverage);
  return { resourceType: "Bundle", type: "collection", entry: resources.filter(Boolean).map(resource => ({ resource })) };
}
