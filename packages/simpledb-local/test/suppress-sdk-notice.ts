// Imported before aws-sdk so its end-of-support banner does not flood the test output.
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = "1";
