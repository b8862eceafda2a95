// FHIR 1.0.2, 3.0.0 and 4.0.0 model infos are never used (the packages are R4 4.0.1); left out of the bundle.
export default "";
