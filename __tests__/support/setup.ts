// Registers cdktf's matchers (toHaveResource, toHaveResourceWithProperties, ...)
// and, through the import, their type declarations.
import 'cdktf/lib/testing/adapters/jest';
import { Testing } from 'cdktf';

Testing.setupJest();
