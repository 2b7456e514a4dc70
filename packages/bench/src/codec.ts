// The msgpackr codec the floor and the birpc contender share on both ends.
import { Packr } from "msgpackr";

/**
 * Same settings as the fidl-ws body codec (no record extension, plain objects), so the floor pays
 * exactly the encoding cost fidl-ws pays and no more.
 */
export const benchCodec = new Packr({
  useRecords: false,
  int64AsType: "bigint",
  mapsAsObjects: true,
  moreTypes: false,
  bundleStrings: false,
});
